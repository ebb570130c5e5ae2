# ข้อความของ HTTP API เอง (คำขอที่ถูกปฏิเสธก่อนเข้าสู่กรณีใช้งาน) ภาษาไทย
# คีย์และอาร์กิวเมนต์ { $ชื่อ } ต้องตรงกับ ../en/api.ftl ทุกรายการ

## คำขอ (NB009, NB010)

body-invalid = เนื้อหาคำขอไม่ถูกต้อง: { $reason }
body-not-json = เนื้อหาคำขอไม่ใช่ JSON ที่ถูกต้อง: { $reason }
body-not-declared-json = กรุณาส่งเนื้อหาคำขอเป็น JSON พร้อมส่วนหัว `Content-Type: application/json`
body-too-large = เนื้อหาคำขอมีขนาดเกิน { $limit } KiB
body-unreadable = อ่านเนื้อหาคำขอไม่ได้: { $reason }
path-invalid = พารามิเตอร์ในพาธไม่ถูกต้อง: { $reason }
query-invalid = พารามิเตอร์ในคิวรีไม่ถูกต้อง: { $reason }
request-invalid = คำขอไม่ถูกต้อง: { $problems }
idempotency-key-not-ascii = Idempotency-Key ต้องเป็นอักขระ ASCII ที่พิมพ์ได้เท่านั้น
route-not-found = ไม่มีเส้นทาง { $path } ในระบบ (API ทั้งหมดอยู่ภายใต้ { $base } ดู /api-docs/openapi.json)
method-not-allowed = ใช้เมธอด { $method } กับ { $path } ไม่ได้ ดู /api-docs/openapi.json
metrics-disabled = ช่องทางนี้ไม่ได้ให้บริการ metrics
metrics-token-required = การเรียก /metrics ต้องส่ง `Authorization: Bearer <DOCNUM_METRICS_TOKEN>`
server-busy = เซิร์ฟเวอร์กำลังรับคำขอเต็มจำนวนที่กำหนดไว้ (DOCNUM_HTTP_MAX_IN_FLIGHT) กรุณาลองใหม่อีกครู่

## ข้อมูลยืนยันตัวตนและสิทธิ์ (NB011, NB012)

auth-missing = ไม่มีส่วนหัว Authorization กรุณาส่ง `Authorization: Bearer <token>`
auth-not-bearer = ส่วนหัว Authorization ต้องอยู่ในรูป `Bearer <token>`
auth-not-ascii = ส่วนหัว Authorization มีอักขระที่ไม่ใช่ ASCII
auth-expired = โทเคนหมดอายุแล้ว กรุณาขอโทเคนใหม่
auth-not-yet-valid = โทเคนยังไม่ถึงเวลาเริ่มใช้ (nbf) กรุณาตรวจสอบนาฬิกาของเครื่อง
auth-bad-signature = ลายเซ็นดิจิทัลของโทเคนไม่ถูกต้อง: โทเคนนี้ไม่ได้ลงนามด้วยรหัสลับของเซิร์ฟเวอร์นี้หรือด้วยกุญแจที่เซิร์ฟเวอร์เชื่อถือ
auth-wrong-algorithm = โทเคนลงนามด้วยอัลกอริทึมที่กุญแจของโทเคนไม่อนุญาต
auth-wrong-audience = ผู้รับของโทเคน (aud) ไม่ใช่เซิร์ฟเวอร์นี้ (DOCNUM_JWT_AUDIENCE) กรุณาขอโทเคนที่ออกให้ docnum
auth-wrong-issuer = ผู้ออกโทเคน (iss) ไม่ใช่ผู้ออกที่เซิร์ฟเวอร์นี้เชื่อถือ (DOCNUM_JWT_ISSUER)
auth-lifetime-too-long = อายุของโทเคน (exp - iat) { $lifetime } วินาที เกินค่าสูงสุดของเซิร์ฟเวอร์นี้ { $max } วินาที (DOCNUM_JWT_MAX_LIFETIME) กรุณาขอโทเคนที่มีอายุสั้นกว่านี้
auth-no-hs256 = เซิร์ฟเวอร์นี้ไม่รับโทเคน HS256 กรุณาใช้โทเคนจากผู้ให้บริการยืนยันตัวตน
auth-unknown-kid = ไม่มีกุญแจสำหรับ kid `{ $kid }` และอัลกอริทึม { $algorithm } ของโทเคน กรุณาตรวจสอบ DOCNUM_JWT_JWKS_FILE
auth-no-key = เซิร์ฟเวอร์นี้ไม่มีกุญแจสำหรับโทเคน { $algorithm } กรุณาตั้งค่า DOCNUM_JWT_PUBLIC_KEY หรือ DOCNUM_JWT_JWKS_FILE
auth-missing-claim = โทเคนขาด claim `{ $claim }` ที่จำเป็น กรุณาขอโทเคนใหม่
auth-claim-type = claim `{ $claim }` ของโทเคนมีชนิดข้อมูลไม่ถูกต้อง กรุณาขอโทเคนใหม่
auth-claims-invalid = claim ของโทเคนไม่ถูกต้อง: { $reason }
auth-malformed = โทเคนมีรูปแบบไม่ถูกต้อง กรุณาส่ง JWT ในรูป `Authorization: Bearer <token>`
auth-bad-subject = ค่า sub ของโทเคนต้องเป็นรหัสผู้ใช้ยาว 1-{ $max } ตัวอักษร กรุณาขอโทเคนใหม่
permission-missing = การดำเนินการนี้ต้องมีสิทธิ์ { $permission } แต่โทเคนของ { $user } ไม่มีสิทธิ์นี้
token-user-invalid = รหัสผู้ใช้ต้องยาว 1-{ $max } ตัวอักษร
token-permission-unknown = ไม่รู้จักสิทธิ์ '{ $permission }' สิทธิ์ที่มี ได้แก่ { $known }
token-ttl-invalid = ttl ต้องมากกว่าศูนย์

## ปริมาณคำขอและเวลา (NB013, NB017)

rate-limited = ส่งคำขอเกินขีดจำกัดแล้ว กรุณาลองใหม่ในอีก { $seconds } วินาที
request-timeout = คำขอใช้เวลานานเกิน { $seconds } วินาที ระบบจึงหยุดดำเนินการ และไม่ทราบว่าคำขอมีผลแล้วหรือไม่ กรุณาลองใหม่ (หากเป็นการจองเลขที่ ให้ใช้ Idempotency-Key เดิม)
