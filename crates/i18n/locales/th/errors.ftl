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

## กรณีใช้งานและที่เก็บข้อมูล (application)

series-not-found = ยังไม่มีชุดเลขที่สำหรับประเภทเอกสาร { $document_type } กรุณาสร้างชุดเลขที่ก่อน (POST /series หรือ `docnum series create`)
series-exists = ชุดเลขที่ { $document_type } มีอยู่แล้ว หากต้องการแก้ไข ให้ใช้การปรับปรุง (PUT /series/{ $document_type })
number-not-found = ไม่พบเลขที่เอกสาร { $number } ในทะเบียนเลขที่
number-taken = เลขที่เอกสาร { $number } มีอยู่แล้วในขอบเขตเลขที่ { $namespace } กรุณาใช้เลขที่อื่น
value-taken = เลขลำดับ { $value } ของตัวนับ { $counter } ถูกใช้โดยเลขที่อื่นแล้ว จึงเพิ่มเลขที่เอกสาร { $number } เข้าทะเบียนเลขที่ไม่ได้
duplicate-number = เลขที่ซ้ำ: { $detail }
idempotency-conflict = Idempotency-Key '{ $key }' เคยใช้กับคำขอที่มีเนื้อหาต่างกันแล้ว คำขอใหม่ต้องใช้คีย์ใหม่
lock-timeout = ตัวนับ { $counter } กำลังถูกใช้งาน กรุณารอสักครู่แล้วลองใหม่
series-changed = ชุดเลขที่ { $document_type } ถูกแก้ไขระหว่างที่กำลังดำเนินการคำขอนี้ กรุณารอสักครู่แล้วลองใหม่
overloaded = มีคำขอรอตัวนับ { $counter } อยู่มากเกินไป กรุณารอสักครู่แล้วลองใหม่
database-unavailable = ติดต่อฐานข้อมูลไม่ได้หรือฐานข้อมูลตอบช้าเกินกำหนด กรุณารอสักครู่แล้วลองใหม่
internal-error = เกิดข้อผิดพลาดที่ไม่คาดคิด ระบบบันทึกไว้พร้อมรหัสคำขอ (request id) นี้แล้ว กรุณาลองใหม่ และแจ้งผู้ดูแลระบบหากยังเกิดขึ้นอีก
