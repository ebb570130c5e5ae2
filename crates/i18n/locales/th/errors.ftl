# ข้อความแจ้งข้อผิดพลาดของ docnum ภาษาไทย
#
# คีย์และอาร์กิวเมนต์ { $ชื่อ } ต้องตรงกับ ../en/errors.ftl ทุกรายการ (มีการทดสอบ)
# รหัส NB และชื่อรหัสไม่เปลี่ยนตามภาษา ไคลเอนต์ต้องตัดสินใจจากรหัส ไม่ใช่จากข้อความ
# ศัพท์ที่ใช้ต้องตรงกับ docs/glossary.md
# วงเล็บปีกกาตามตัวอักษรเขียนเป็น { "{" } และตัวแปรแม่แบบ เช่น {SEQ} เขียนเป็น { "{SEQ}" }

## แม่แบบเลขที่ (NB006)

template-empty = แม่แบบเลขที่ว่างอยู่ กรุณาระบุแม่แบบ เช่น { "COR-{YYYY}-{SEQ:5}" }
template-too-long = แม่แบบเลขที่ยาว { $length } ตัวอักษร เกินขีดจำกัด { $max } ตัวอักษร
template-missing-seq = แม่แบบเลขที่ไม่มีตัวแปร { "{SEQ}" } กรุณาใส่ให้มีหนึ่งตัวพอดี เช่น { "{SEQ:4}" }
template-duplicate-seq = พบ { "{" }{ $token }{ "}" } เป็นตัวที่สองที่ตำแหน่ง { $position } แม่แบบเลขที่ต้องมี { "{SEQ}" } เพียงตัวเดียว
template-unknown-token = ไม่รู้จักตัวแปร { "{" }{ $token }{ "}" } ที่ตำแหน่ง { $position } ตัวแปรที่ใช้ได้ ได้แก่ { $known }
template-seq-width = { "{" }{ $token }{ "}" } ที่ตำแหน่ง { $position }: ความกว้างต้องเป็นตัวเลขตั้งแต่ 1 ถึง { $max }
template-unbalanced-brace = วงเล็บ '{ $brace }' ที่ตำแหน่ง { $position } ไม่มีคู่ หากต้องการวงเล็บนี้เป็นตัวอักษรธรรมดา ให้เขียน '{ $brace }{ $brace }'
template-control-character = พบอักขระควบคุม { $character } ที่ตำแหน่ง { $position } เลขที่เอกสารต้องประกอบด้วยอักขระที่พิมพ์ได้เท่านั้น

## กฎทางธุรกิจ (domain)

invalid-template = แม่แบบเลขที่ไม่ถูกต้อง: { $reason }
missing-context = ตัวแปร { "{" }{ $token }{ "}" } ในแม่แบบต้องใช้ค่าบริบท { $name } กรุณาเพิ่ม "{ $name }" ใน context ของคำขอ
invalid-format = รูปแบบของ { $field } ไม่ถูกต้อง: { $reason }
number-mismatch = เลขที่เอกสาร '{ $number }' ไม่ตรงกับแม่แบบ '{ $template }': { $reason }
invalid-value = ค่าของ { $field } ไม่ถูกต้อง: { $reason }
sequence-exhausted = เลขลำดับหมดแล้ว: ตัวนับ { $counter } ถึงค่าสูงสุด (max_value) { $max } แล้ว กรุณาเพิ่ม max_value หรือเริ่มขอบเขตการนับใหม่
manual-override-not-allowed = ชุดเลขที่ของประเภทเอกสาร { $document_type } ไม่อนุญาตให้กำหนดเลขที่เอง กรุณาเปิด allow_manual_override ของชุดเลขที่ก่อน
reservation-unknown = ไม่พบการจอง: ไม่รู้จักโทเคนการจองนี้ กรุณาจองเลขที่ใหม่
reservation-expired = การจองหมดอายุแล้ว: เลยเวลาที่กำหนด (TTL) ก่อนได้รับการยืนยัน กรุณาจองเลขที่ใหม่
reservation-cancelled = การจองนี้ถูกยกเลิกแล้ว (สถานะ CANCELLED) กรุณาจองเลขที่ใหม่
reservation-closed = การจองนี้ปิดไปแล้ว (สถานะ { $state }) กรุณาจองเลขที่ใหม่
invalid-transition = ไม่สามารถ{ $action ->
        [confirm] ยืนยันเลขที่
        [cancel] ยกเลิกการจอง
        [expire] ทำให้การจองหมดอายุ
        [void] ยกเลิกเลขที่
       *[other] { $action }
    }ได้ เพราะเลขที่นี้อยู่ในสถานะ { $state }
invalid-transition-use-void = ไม่สามารถ{ $action ->
        [confirm] ยืนยันเลขที่
        [cancel] ยกเลิกการจอง
        [expire] ทำให้การจองหมดอายุ
        [void] ยกเลิกเลขที่
       *[other] { $action }
    }ได้ เพราะเลขที่นี้อยู่ในสถานะ { $state } แล้ว ให้ใช้การยกเลิกเลขที่ (void) แทน
invalid-transition-confirm-first = ไม่สามารถ{ $action ->
        [confirm] ยืนยันเลขที่
        [cancel] ยกเลิกการจอง
        [expire] ทำให้การจองหมดอายุ
        [void] ยกเลิกเลขที่
       *[other] { $action }
    }ได้ เพราะเลขที่นี้อยู่ในสถานะ { $state } กรุณายืนยันเลขที่ก่อน หรือยกเลิกการจอง
invalid-transition-void-confirmed-only = ไม่สามารถ{ $action ->
        [confirm] ยืนยันเลขที่
        [cancel] ยกเลิกการจอง
        [expire] ทำให้การจองหมดอายุ
        [void] ยกเลิกเลขที่
       *[other] { $action }
    }ได้ เพราะเลขที่นี้อยู่ในสถานะ { $state } ยกเลิกเลขที่ได้เฉพาะเลขที่ที่ยืนยันแล้ว (CONFIRMED) เท่านั้น
counter-below-issued = ไม่สามารถตั้งตัวนับเป็น { $requested } ได้ เพราะออกเลขลำดับ { $highest } ไปแล้ว ตัวนับไม่มีวันถอยหลัง

## เหตุผลภายใน invalid-format, number-mismatch และ invalid-value
## (FormatReason, MismatchReason และ ValueReason ของ DomainError)

format-length = ต้องยาว 1 ถึง { $max } ตัวอักษร แต่ค่าที่ได้รับยาว { $got } ตัวอักษร
format-unprintable = พบอักขระที่มองไม่เห็นหรืออักขระควบคุม { $character } ที่ตำแหน่ง { $position } กรุณาลบอักขระนี้ออก
format-padded = มีช่องว่างนำหน้าหรือต่อท้าย กรุณาตัดช่องว่างนั้นออก
format-brace = ใช้วงเล็บปีกกาไม่ได้ (พบที่ตำแหน่ง { $position })
format-unknown-context-name = ไม่รู้จักชื่อค่าบริบทนี้ กรุณาใช้ชื่อใดชื่อหนึ่งต่อไปนี้: { $known }
format-namespace-characters = '{ $value }' ต้องยาว 1 ถึง 50 ตัวอักษร และใช้ได้เฉพาะ a-z, 0-9, _, - และ .
format-document-type-character = '{ $value }' มีอักขระ { $character } ซึ่งใช้ไม่ได้ กรุณาใช้เฉพาะ A-Z, 0-9 และ _
format-unknown-time-zone = '{ $value }' ไม่ใช่ชื่อเขตเวลาตาม IANA (เช่น UTC, Asia/Bangkok)
format-unknown-dimension = ไม่รู้จักมิติการนับ '{ $value }' กรุณาใช้ YEAR, MONTH หรือชื่อค่าบริบท เช่น PROJECT
format-unknown-scope = ไม่รู้จักขอบเขตการนับ '{ $value }' กรุณาใช้ GLOBAL, PROJECT, CONTRACT, YEARLY, MONTHLY หรือรายการมิติการนับ
format-dimension-twice = ระบุมิติการนับ { $dimension } ซ้ำ
format-scope-not-rendered = ขอบเขตการนับเริ่มตัวนับใหม่ตาม { $dimension } แต่แม่แบบเลขที่ไม่ได้แสดง { $dimension } ตัวนับต่างกันจึงอาจออกเลขที่ซ้ำกัน กรุณาเพิ่มตัวแปรนี้ในแม่แบบ หรือนำ { $dimension } ออกจากขอบเขตการนับ
format-rendered-too-long = '{ $number }' ยาว { $length } ตัวอักษร เกินที่ชุดเลขที่กำหนดไว้ { $max } ตัวอักษร กรุณาเพิ่ม max_length หรือทำให้แม่แบบเลขที่สั้นลง
mismatch-too-long = เลขที่นี้ยาวเกิน { $max } ไบต์
mismatch-too-many-readings = เลขที่นี้อ่านตามแม่แบบได้หลายแบบเกินไป กรุณาระบุค่าบริบท
mismatch-stops-at = เลขที่นี้ไม่เป็นไปตามแม่แบบตั้งแต่ตัวอักษรที่ { $position }
mismatch-ambiguous = เลขที่นี้อ่านตามแม่แบบได้มากกว่าหนึ่งแบบ กรุณาระบุค่าบริบทเพื่อให้อ่านได้แบบเดียว
mismatch-no-sequence = ไม่พบเลขลำดับในเลขที่นี้
value-too-short = ต้องมีอย่างน้อย { $min } ตัวอักษรหลังตัดช่องว่างหัวท้าย แต่ค่าที่ได้รับมี { $got } ตัวอักษร กรุณาอธิบายเหตุผล
value-too-long = ต้องยาวไม่เกิน { $max } ตัวอักษร แต่ค่าที่ได้รับยาว { $got } ตัวอักษร
value-control-characters = มีอักขระควบคุมซึ่งใช้ไม่ได้
value-year-out-of-range = ปี { $year } อยู่นอกช่วง { $min }-{ $max }
value-not-a-month = { $month } ไม่ใช่เดือน (ต้องเป็น 1-12)
value-counter-key-too-long = ค่าบริบทรวมกันทำให้ชื่อตัวนับยาว { $length } ตัวอักษร เกินขีดจำกัด { $max } ตัวอักษร กรุณาใช้ค่าบริบทที่สั้นลง
value-sequence-out-of-range = เลขลำดับ { $value } อยู่นอกช่วง 1 ถึง { $max }
value-above-max-value = { $requested } เกินค่าสูงสุด (max_value) { $max } ของชุดเลขที่
value-out-of-range = ต้องอยู่ระหว่าง { $min } ถึง { $max } แต่ค่าที่ได้รับคือ { $got }
value-too-many-days = ต้องไม่เกิน { $max } วัน แต่ค่าที่ได้รับคือ { $got } วัน
value-date-in-future = { $date } เป็นวันที่ในอนาคต (วันนี้คือ { $today } ตามเขตเวลา { $time_zone })
value-backdated-too-far = { $date } ย้อนหลังไป { $days } วัน แต่ชุดเลขที่ { $document_type } ให้ลงวันที่ย้อนหลังได้ไม่เกิน { $max } วัน
value-not-single-context = ชุดเลขที่ { $document_type } ไม่ได้นับแยกตามค่าบริบทค่าเดียว กรุณาส่ง "context" แทน

## กรณีใช้งานและที่เก็บข้อมูล (application)

series-not-found = ยังไม่มีชุดเลขที่สำหรับประเภทเอกสาร { $document_type } กรุณาสร้างชุดเลขที่ก่อน (POST /series หรือ `docnum series create`)
series-exists = ชุดเลขที่ { $document_type } มีอยู่แล้ว หากต้องการแก้ไข ให้ใช้การปรับปรุง (PUT /series/{ $document_type })
number-not-found = ไม่พบเลขที่เอกสาร { $number } ในทะเบียนเลขที่
number-taken = เลขที่เอกสาร { $number } มีอยู่แล้วในขอบเขตเลขที่ { $namespace } กรุณาใช้เลขที่อื่น
value-taken = เลขลำดับ { $value } ของตัวนับ { $counter } ถูกใช้โดยเลขที่อื่นแล้ว จึงเพิ่มเลขที่เอกสาร { $number } เข้าทะเบียนเลขที่ไม่ได้
idempotency-conflict = Idempotency-Key '{ $key }' เคยใช้กับคำขอที่มีเนื้อหาต่างกันแล้ว คำขอใหม่ต้องใช้คีย์ใหม่
lock-timeout = ตัวนับ { $counter } กำลังถูกใช้งาน กรุณารอสักครู่แล้วลองใหม่
series-changed = ชุดเลขที่ { $document_type } ถูกแก้ไขระหว่างที่กำลังดำเนินการคำขอนี้ กรุณารอสักครู่แล้วลองใหม่
overloaded = มีคำขอรอตัวนับ { $counter } อยู่มากเกินไป กรุณารอสักครู่แล้วลองใหม่
database-unavailable = ติดต่อฐานข้อมูลไม่ได้หรือฐานข้อมูลตอบช้าเกินกำหนด กรุณารอสักครู่แล้วลองใหม่
internal-error = เกิดข้อผิดพลาดที่ไม่คาดคิด ระบบบันทึกไว้พร้อมรหัสคำขอ (request id) นี้แล้ว กรุณาลองใหม่ และแจ้งผู้ดูแลระบบหากยังเกิดขึ้นอีก

## เหตุผลภายใน invalid-value จากชั้น application (InvalidReason)

invalid-scope-value-contradicts = '{ $scope_value }' ขัดกับ context.{ $name } = '{ $existing }'
invalid-printable-at-most = ต้องเป็นอักขระที่พิมพ์ได้ และยาวไม่เกิน { $max } ตัวอักษร
invalid-printable-length = ต้องเป็นอักขระที่พิมพ์ได้ ยาว { $min } ถึง { $max } ตัวอักษร
invalid-renamed = เนื้อหาคำขอระบุ { $body } แต่เส้นทางระบุ { $path } ชุดเลขที่เปลี่ยนชื่อไม่ได้
invalid-page-size = ต้องอยู่ระหว่าง 1 ถึง { $max }
invalid-from-after-to = ต้องไม่อยู่หลัง 'to'
invalid-unknown-operation = '{ $operation }' ไม่ใช่การดำเนินการในบันทึกตรวจสอบ กรุณาใช้ค่าใดค่าหนึ่งต่อไปนี้: { $known }
invalid-created-at-empty = ว่างอยู่ กรุณาระบุวันที่ที่ระบบเดิมออกเลขที่นี้ (YYYY-MM-DD หรือ RFC 3339)
invalid-not-a-date = '{ $value }' ไม่ใช่วันที่ กรุณาใช้รูปแบบ YYYY-MM-DD, YYYY-MM-DD HH:MM:SS หรือ RFC 3339
invalid-skipped-by-clock = เวลา { $value } ไม่มีอยู่จริงในเขตเวลา { $time_zone } (นาฬิกาข้ามช่วงเวลานี้ไป)
invalid-in-future = { $value } เป็นเวลาในอนาคต
invalid-metadata-too-large = ต้องไม่เกิน { $max } KiB แต่ค่าที่ได้รับมีขนาด { $got } ไบต์
invalid-metadata-not-object = ต้องเป็นออบเจ็กต์ JSON หรือเว้นว่างไว้
invalid-metadata-not-json = ไม่ใช่ JSON ที่ถูกต้อง (บรรทัด { $line } คอลัมน์ { $column })
invalid-context-not-object = ต้องเป็นออบเจ็กต์ของค่าบริบท โดยใช้ชื่อค่าบริบทเป็นคีย์
invalid-context-value-not-text = ค่าของ { $name } ต้องเป็นข้อความ
invalid-import-bad-rows = มี { $bad } แถวจาก { $rows } แถวที่ไม่ถูกต้อง (แถวแรกอยู่ที่บรรทัด { $line }) จึงไม่ได้นำเข้าเลขที่ใดเลย
invalid-several-namespaces = { $number } มีอยู่ในหลายขอบเขตเลขที่: { $namespaces } กรุณาระบุว่าหมายถึงขอบเขตเลขที่ใด
invalid-series-version-changed = ชุดเลขที่ถูกแก้ไขไปแล้วในระหว่างนี้ กรุณาโหลดชุดเลขที่ใหม่แล้วลองอีกครั้ง
invalid-batch-too-large = ขอเลขที่ในคราวเดียวมากเกินไป
invalid-too-large = { $value } มีค่ามากเกินกว่าที่ฐานข้อมูลเก็บได้
invalid-not-sqlite-url = '{ $url }' ไม่ใช่ URL ของ SQLite กรุณาใช้ sqlite://path หรือพาธของไฟล์
invalid-no-file-path = '{ $url }' ไม่มีพาธของไฟล์
invalid-in-memory-database = '{ $url }' เป็นฐานข้อมูลในหน่วยความจำ ซึ่งการเชื่อมต่อหลายทางของ docnum ใช้ร่วมกันไม่ได้ กรุณาใช้พาธของไฟล์
invalid-unknown-scheme = ไม่รู้จักชนิดของ URL '{ $scheme }://' กรุณาใช้ sqlite://FILE, postgres://… หรือ mysql://…
invalid-schema-too-new = ชุดปรับโครงสร้างฐานข้อมูล { $migration } ต้องใช้ docnum { $needed } ขึ้นไป แต่โปรแกรมนี้คือ docnum { $binary } กรุณาใช้ docnum { $needed } ขึ้นไปกับฐานข้อมูลนี้
invalid-schema-unlevelled = ชุดปรับโครงสร้างฐานข้อมูล { $migrations } ถูกติดตั้งโดย docnum รุ่นที่ใหม่กว่าและไม่ได้ระบุระดับความเข้ากันได้ docnum { $binary } นี้จึงบอกไม่ได้ว่าทำงานกับฐานข้อมูลนี้ได้หรือไม่ กรุณาใช้ docnum รุ่นที่ใหม่กว่า
invalid-look-alikes-exist = มีเลขที่เอกสารที่ออกไปแล้ว { $count } กลุ่มที่ดูเหมือนกันเมื่อปรับรูปแบบ Unicode แบบ NFKC แล้ว จึงไม่อาจให้แต่ละเลขมีคีย์ของตัวเองได้: { $examples } คำสั่ง `docnum validate` แสดงรายการทั้งหมด ยังไม่มีการเปลี่ยนแปลงใด ๆ หากต้องการเก็บเลขเหล่านี้ไว้ตามที่ออกไปแล้ว ให้ผู้ดูแลระบบรัน `docnum migrate --keep-look-alikes --reason "…"` (เลขที่เก็บไว้แต่ละเลขจะบันทึกในบันทึกตรวจสอบเป็น LOOK_ALIKE_KEPT) แล้วจึงเริ่ม docnum ใหม่
invalid-schema-behind = โครงสร้างฐานข้อมูลยังตามหลัง docnum รุ่นนี้ (ที่ยังไม่ได้ติดตั้ง: { $pending }) และผู้ใช้ฐานข้อมูลนี้ไม่มีสิทธิ์แก้ไขโครงสร้าง ({ $detail }) กรุณารัน `docnum migrate` ด้วยผู้ใช้ที่เป็นเจ้าของโครงสร้างฐานข้อมูล
invalid-series-overlap = เลขที่ของชุดนี้กับของชุด { $other } อาจเป็นข้อความเดียวกันได้ภายใต้ค่าที่ทั้งสองชุดประกาศไว้ เช่น { $example } กรุณาเพิ่มข้อความคงที่ในแม่แบบที่ไม่มีในเลขที่ของ { $other } (เช่นคำนำหน้า `RFA-`) หรือจำกัดค่าที่ประกาศไว้ให้แคบลง เพื่อไม่ให้มีข้อความใดตรงกับทั้งสองชุด
invalid-connection-tls = { $detail }

## ชุดเลขที่ที่ชนกับทะเบียนเลขที่ (NB005, Collision)

collided-one = เลขที่เอกสาร { $number }
collided-one-of = เลขที่เอกสารเลขหนึ่งในช่วง { $first } … { $last }
duplicate-in-namespace = { $numbers } มีอยู่แล้วในขอบเขตเลขที่ { $namespace } กรุณาใช้เลขที่อื่น
duplicate-value = เลขลำดับ { $value } ของตัวนับ { $counter } ถูกใช้โดยเลขที่อื่นแล้ว จึงเพิ่ม{ $numbers } เข้าทะเบียนเลขที่ไม่ได้
duplicate-value-in-batch = เลขลำดับหนึ่งของตัวนับ { $counter } ถูกใช้โดยเลขที่อื่นแล้ว จึงเพิ่ม{ $numbers } เข้าทะเบียนเลขที่ไม่ได้
value-outside-declaration = { $dimension } '{ $value }' ไม่ตรงกับที่ชุดเลขที่กำหนดไว้ว่า { $dimension } มีค่าได้ ({ $allowed })
format-declared-not-rendered = มีการกำหนดค่าที่ใช้ได้ของ { $dimension } แต่แม่แบบไม่ได้แสดง { $dimension } กรุณาเพิ่ม {"{"}{ $dimension }{"}"} ในแม่แบบ หรือลบการกำหนดนั้นออก
format-bad-declaration = การกำหนดค่าของ { $dimension } ไม่ใช่กลุ่มอักขระพร้อมจำนวน เช่น [A-Z0-9]+ หรือ [A-Z]{"{"}3{"}"} และไม่ใช่รายการรหัส: { $detail }
