# ข้อความของคำสั่ง docnum ภาษาไทย: ข้อผิดพลาด หัวตาราง และรายงาน
# ผลลัพธ์แบบ --json ไม่ผ่านไฟล์นี้ (คงเป็นกลางทางภาษา)
# คีย์และอาร์กิวเมนต์ { $ชื่อ } ต้องตรงกับ ../en/cli.ftl ทุกรายการ

## ข้อผิดพลาด

cli-error = ข้อผิดพลาด: { $message }
cli-refused = { $code }: { $message }
cli-internal-error = ข้อผิดพลาดภายใน: { $detail }
cli-database-unavailable = ติดต่อฐานข้อมูลไม่ได้ ({ $detail }) กรุณารอสักครู่แล้วลองใหม่
cli-stdout-failed = เขียนออกทางเอาต์พุตมาตรฐานไม่ได้: { $detail }
cli-runtime-failed = เริ่มระบบทำงานแบบอะซิงโครนัสไม่ได้: { $detail }
cli-database-unopened = เปิดฐานข้อมูลตามที่ระบุใน DATABASE_URL ไม่ได้
cli-invalid-value = ค่า '{ $value }' ของ { $setting } ไม่ถูกต้อง (ค่านี้มาจากบรรทัดคำสั่งหรือจากตัวแปรสภาพแวดล้อมของตัวเลือกนั้น เช่น DOCNUM_PORT สำหรับ --port)
cli-migrations-applied = ปรับโครงสร้างฐานข้อมูล (migration) เรียบร้อยแล้ว

## หัวตาราง

col-type = ประเภท
col-template = แม่แบบ
col-scope = ขอบเขตการนับ
col-current = ค่าปัจจุบัน
col-max = ค่าสูงสุด
col-used-percent = ใช้ไป %
col-last-used = ใช้ล่าสุด
col-manual-override = กำหนดเลขที่เอง
col-manual = กำหนดเอง
col-zone = เขตเวลา
col-namespace = ขอบเขตเลขที่
col-version = เวอร์ชัน
col-counter = ตัวนับ
col-skipped = ข้าม
col-next-value = เลขลำดับถัดไป
col-reserved = จองไว้
col-confirmed = ยืนยันแล้ว
col-cancelled = ยกเลิกแล้ว
col-expired = หมดอายุ
col-voided = เป็นโมฆะ
col-problem = ปัญหา
col-where = ตำแหน่ง
col-details = รายละเอียด
col-line = บรรทัด
col-document-number = เลขที่เอกสาร
col-code = รหัส
col-value = เลขลำดับ
col-created-at = วันที่สร้าง
col-rows = จำนวนแถว
col-lowest = ต่ำสุด
col-highest = สูงสุด
col-counter-before = ตัวนับก่อนนำเข้า
col-counter-after = ตัวนับหลังนำเข้า
col-when = เมื่อ
col-who = ผู้ดำเนินการ
col-reason = เหตุผล
col-template-change = แม่แบบ เดิม → ใหม่
word-yes = ใช่
word-no = ไม่

## docnum validate, docnum check-duplicates

validate-ok = ผ่าน: ตรวจตัวนับ { $counters } ตัวและเลขที่ { $numbers } รายการแล้ว ไม่มีเลขที่ซ้ำ ไม่มีเลขลำดับขาดหายโดยไม่มีคำอธิบาย และไม่มีตัวนับใดต่ำกว่าเลขที่ที่ออกไปแล้ว
check-duplicates-ok = ผ่าน: ไม่มีเลขที่ใดออกซ้ำในขอบเขตเลขที่เดียวกัน
validate-problems = พบปัญหา { $count } รายการ
validate-problems-truncated = พบปัญหา { $count } รายการ (แสดงเฉพาะ { $max } รายการแรกของแต่ละประเภท)
validate-place-namespace = ขอบเขตเลขที่ { $namespace }
violation-duplicate-value = เลขลำดับ { $value } ของตัวนับ { $counter } ถูกใช้โดยเลขที่ { $count } รายการ: { $numbers }
violation-duplicate-number = ออกเลขที่ { $number } ซ้ำไป { $count } ครั้งในขอบเขตเลขที่ { $namespace }
violation-look-alike-numbers = เลขที่ { $count } รายการในขอบเขตเลขที่ { $namespace } ดูเหมือนกันจนแยกไม่ออก (เหมือนกันเมื่อปรับรูปแบบอักขระแบบ NFKC): { $numbers } กรุณาเก็บไว้หนึ่งรายการ แล้วยกเลิกเลขที่ (โมฆะ) รายการอื่นพร้อมออกเลขที่ใหม่แทน (POST /void ดู docs/cli.md)
violation-gap-one = เลขลำดับ { $from } ของตัวนับ { $counter } ไม่อยู่ในทะเบียนเลขที่และไม่มีบันทึกว่าข้ามไป
violation-gap = เลขลำดับ { $from }..={ $to } ของตัวนับ { $counter } ไม่อยู่ในทะเบียนเลขที่และไม่มีบันทึกว่าข้ามไป
violation-counter-missing = ไม่มีตัวนับ { $counter } แต่ออกเลขลำดับ { $highest } ไปแล้ว กรุณาตั้งตัวนับด้วย `docnum set` ให้ไม่ต่ำกว่า { $highest }
violation-counter-behind = ตัวนับ { $counter } อยู่ที่ { $current } แต่ออกเลขลำดับ { $highest } ไปแล้ว กรุณาตั้งตัวนับด้วย `docnum set` ให้ไม่ต่ำกว่า { $highest }

## docnum series update

series-effect-summary = ตัวนับที่จะใช้ออกเลขที่ตั้งแต่วันนี้ตามการตั้งค่านี้มี { $counters } ตัว ในจำนวนนี้ { $skipping } ตัวจะข้ามเลขลำดับที่มีเลขที่นั้นอยู่แล้ว (บันทึกเป็น SEQUENCE_SKIP เมื่อออกเลขที่)
series-effect-truncated = ตรวจเฉพาะตัวนับ { $max } ตัวแรกของชุดเลขที่นี้
series-dry-run = ทดลองเท่านั้น: ยังไม่มีการเปลี่ยนแปลงใด ๆ
series-ambiguous = คำเตือน: เลขที่ของชุดนี้อาจอ่านได้มากกว่าหนึ่งแบบ เพราะค่าของ { $fields } อาจต่อกันจนแยกไม่ออก กรุณาประกาศว่าแต่ละมิติมีค่าอะไรได้บ้าง (--pattern DIM=PATTERN หรือ --codes DIM=A,B) เพื่อพิสูจน์ว่าอ่านได้แบบเดียว
series-overlap-undeclared = คำเตือน: เลขที่ของชุด { $other } อาจเป็นข้อความเดียวกับเลขที่ของชุดนี้ได้ เช่น { $example } (เฉพาะผ่านค่าที่ชุดใดชุดหนึ่งไม่ได้ประกาศไว้ หากทั้งสองชุดประกาศทุกมิติ การซ้อนทับเช่นนี้จะถูกปฏิเสธ)
series-overlap-undecided = คำเตือน: ไม่สามารถตัดสินได้ว่าเลขที่ของชุด { $other } อาจเป็นข้อความเดียวกับเลขที่ของชุดนี้หรือไม่ (แม่แบบซับซ้อนเกินกว่าที่การตรวจจะตัดสินได้)
series-overlap-undecided-earlier = คำเตือน: ไม่สามารถตัดสินได้ว่าเลขที่ที่ออกไปแล้วภายใต้รุ่น { $version } ของชุดนี้อาจเป็นข้อความเดียวกับเลขที่ใหม่หรือไม่ (แม่แบบซับซ้อนเกินกว่าที่การตรวจจะตัดสินได้)
series-overlap-earlier = คำเตือน: เลขที่ที่ออกไปแล้วภายใต้รุ่น { $version } ของชุดนี้อาจเป็นข้อความเดียวกับเลขที่ใหม่ได้ เช่น { $example } การออกเลขครั้งถัดไปจะข้ามเลขที่ที่มีอยู่แล้ว (ดูตารางตัวนับด้านบน หรือรันด้วย --dry-run ก่อน)

## docnum set

set-unchanged = ตัวนับ { $counter } อยู่ที่ { $value } อยู่แล้ว ไม่มีการเปลี่ยนแปลง
set-changed = ตัวนับ { $counter }: { $old } → { $new } (เลขลำดับสูงสุดที่ออกแล้ว: { $highest }) เลขที่ถัดไปจะได้เลขลำดับ { $next }
set-skipped = บันทึกเลขลำดับ { $from }..={ $to } ว่าข้ามไปแล้ว (SEQUENCE_SET)

set-period-format = --period '{ $period }' ไม่อยู่ในรูป YYYY หรือ YYYY-MM
set-period-invalid = --period '{ $period }': { $reason }

## docnum import

import-bad-rows = { $file }: มีแถวผิด { $bad } จาก { $rows } แถว จึงนำเข้าไม่ได้เลย กรุณาแก้ไขแล้วรันใหม่
import-bad-rows-applied = { $file }: มีแถวผิด { $bad } จาก { $rows } แถว ไม่ได้นำเข้าแถวใดเลย กรุณาแก้ไขแล้วรันใหม่
import-done = { $file }: นำเข้าเลขที่ { $count } รายการในสถานะ CONFIRMED แล้ว (บันทึกตรวจสอบเป็น IMPORT) และปรับตัวนับตามตาราง
import-dry-run = ทดลองนำเข้า { $file }: { $rows } แถว ถูกต้องทั้งหมด
import-nothing-written = ยังไม่ได้บันทึกสิ่งใด หากต้องการนำเข้าทั้ง { $count } แถวในธุรกรรมเดียว ให้รันใหม่พร้อม --apply
import-checking = กำลังตรวจสอบ
import-importing = กำลังนำเข้า
import-importing-rows = กำลังนำเข้า { $count } แถวในธุรกรรมเดียว
import-progress = { "{msg} {wide_bar} {pos}/{len}" } แถว ({ "{per_sec}" } เหลืออีก { "{eta}" })
import-number-in-file = { $number } มีอยู่แล้วที่บรรทัด { $line } ของไฟล์นี้
import-value-in-file = เลขลำดับ { $value } ของตัวนับ { $counter } ถูกใช้แล้วที่บรรทัด { $line } ของไฟล์นี้
import-number-in-registry = { $number } มีอยู่ในทะเบียนเลขที่แล้ว (ขอบเขตเลขที่ { $namespace })
import-value-in-registry = เลขลำดับ { $value } ของตัวนับ { $counter } ถูกใช้โดยเลขที่ในทะเบียนเลขที่แล้ว
import-csv-row = แถวนี้ไม่ใช่ CSV ที่ถูกต้อง: { $reason }
import-file-unreadable = อ่านไฟล์ { $file } ไม่ได้: { $detail }
import-header-unreadable = { $file }: อ่านแถวหัวตารางไม่ได้: { $detail }
import-unknown-column = { $file }: ไม่รู้จักคอลัมน์ '{ $column }' คอลัมน์ที่ใช้ได้ ได้แก่ document_type,document_number,created_at,metadata
import-missing-column = { $file }: แถวหัวตารางไม่มีคอลัมน์ '{ $column }'
import-no-rows = { $file } ไม่มีข้อมูลสักแถว
import-csv-field-count = แถวนี้มี { $fields } ช่อง แต่หัวตารางมี { $expected } ช่อง
import-csv-not-utf8 = แถวนี้ไม่ใช่ข้อความ UTF-8
import-csv-other = { $detail }

## docnum serve: การตั้งค่าตอนเริ่มทำงาน

serve-cannot-listen = เปิดรับการเชื่อมต่อที่ { $address } ไม่ได้: { $detail }
serve-cannot-listen-metrics = เปิดรับการเชื่อมต่อสำหรับ /metrics ที่ { $address } ไม่ได้: { $detail }
serve-jwt-max-lifetime = ค่า DOCNUM_JWT_MAX_LIFETIME `{ $value }` ไม่ใช่อายุโทเคน กรุณาระบุ เช่น 12h หรือ 365d (0: ไม่จำกัด)
serve-trusted-proxy = DOCNUM_TRUSTED_PROXIES: `{ $value }` ไม่ใช่ทั้งที่อยู่ IP และเครือข่าย (เช่น 10.0.0.0/8)
serve-key-unreadable = อ่านไฟล์ { $setting } { $path } ไม่ได้: { $detail }
serve-key-invalid = ไฟล์ { $setting } { $path } ไม่มีคีย์ที่ใช้ได้: { $detail }
serve-redis-settings = การตั้งค่า Redis (REDIS_URL, REDIS_CLUSTER_NODES, REDIS_TLS_CA_FILE) ไม่ถูกต้อง: { $detail }
serve-db-wait-gave-up = รอฐานข้อมูลครบ { $seconds } วินาทีแล้วจึงเลิกรอ (DOCNUM_DB_WAIT)
serve-starting-waiting-for-database = กำลังเริ่มระบบ: รอฐานข้อมูลอยู่ (ติดต่อไม่สำเร็จ { $attempts } ครั้ง จะเลิกรอในอีก { $seconds } วินาที): { $detail }
secret-env-too-short = DOCNUM_JWT_SECRET ต้องยาวอย่างน้อย 32 ตัวอักษร
secret-none-for-server = ไม่มีความลับสำหรับลงนามโทเคน (JWT secret) ของฐานข้อมูลเซิร์ฟเวอร์นี้ ({ $path } ไม่มีอยู่) กรุณาตั้ง DOCNUM_JWT_SECRET ให้ตรงกับที่ทุกอินสแตนซ์ใช้ หรือระบุ --secret-file FILE (DOCNUM_JWT_SECRET_FILE) เป็นไฟล์ความลับของอินสแตนซ์เหล่านั้น เพราะความลับที่สุ่มขึ้นใหม่จะลงนามโทเคนที่ไม่มีอินสแตนซ์ใดยอมรับ
secret-created-note = หมายเหตุ: ไม่ได้ตั้ง DOCNUM_JWT_SECRET และไม่มีไฟล์ { $path } จึงสร้างความลับสำหรับลงนามโทเคนแบบสุ่มไว้ในไฟล์นั้น (สิทธิ์ 0600) แล้ว `docnum serve` บนฐานข้อมูลนี้จะอ่านไฟล์เดียวกัน
secret-cannot-create = สร้างไฟล์ความลับสำหรับลงนามโทเคน { $path } ไม่ได้: { $detail }
secret-unreadable = อ่านไฟล์ความลับสำหรับลงนามโทเคน { $path } ไม่ได้ (กรุณาตั้ง DOCNUM_JWT_SECRET หรือรัน `docnum serve` หนึ่งครั้ง): { $detail }
secret-readable-by-others = ผู้อื่นอาจอ่านไฟล์ความลับสำหรับลงนามโทเคน { $path } ได้ (สิทธิ์ { $mode }) กรุณารัน `chmod 600 { $path }` เพราะผู้ที่อ่านไฟล์นี้ได้จะลงนามโทเคนผู้ดูแลระบบได้
secret-too-short = ไฟล์ความลับสำหรับลงนามโทเคน { $path } สั้นกว่า 32 ตัวอักษร

## docnum migrate: the data steps a migration leaves
migrate-look-alikes-kept = เก็บไว้ตามที่ออกไปแล้วในขอบเขตเลขที่ { $namespace }: { $numbers }
migrate-counter-merged = รวมตัวนับ { $counter } กับตัวนับที่ดูเหมือนกันแล้ว: { $old } → { $new }
migrate-step-done = ขั้นตอนข้อมูล { $step } เสร็จแล้ว (เก็บกลุ่มเลขที่ดูเหมือนกันไว้ { $kept } กลุ่ม รวมตัวนับ { $merged } ตัว)
migrate-step-pending = ขั้นตอนข้อมูล { $step } ยังไม่ได้ทำ: คำสั่ง `docnum migrate` (หรือคำสั่งใดที่เปลี่ยนแปลงข้อมูล) จะทำขั้นตอนนี้
