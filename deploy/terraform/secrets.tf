# The tasks' secrets, in Secrets Manager; ECS injects them as environment variables.
# Terraform's state holds their values too: keep it in an encrypted remote backend.
resource "random_password" "jwt" {
  length  = 64
  special = false
}

resource "random_password" "admin" {
  length  = 24
  special = false
}

locals {
  database_url = "postgresql+psycopg://${aws_db_instance.main.username}:${random_password.db.result}@${aws_db_instance.main.endpoint}/${aws_db_instance.main.db_name}?sslmode=require"

  # The first admin's password goes to the migration task alone (admin_secret_ref in ecs.tf).
  secrets = {
    GRIDLENS_DATABASE_URL   = local.database_url
    GRIDLENS_JWT_SECRET     = random_password.jwt.result
    GRIDLENS_ADMIN_PASSWORD = random_password.admin.result
  }
}

resource "aws_secretsmanager_secret" "app" {
  for_each                = local.secrets
  name_prefix             = "${var.name}/${each.key}-"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "app" {
  for_each      = local.secrets
  secret_id     = aws_secretsmanager_secret.app[each.key].id
  secret_string = each.value
}
