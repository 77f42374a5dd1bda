"""Where passwords come from: the environment only, never an argument that shell history would keep."""

SMTP_PASSWORD_ENV = "VITALSIGNS_SMTP_PASSWORD"
PACK_PASSWORD_ENV = "VITALSIGNS_PACK_PASSWORD"
