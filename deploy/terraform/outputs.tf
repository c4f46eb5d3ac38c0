output "url" {
  description = "Point your host name (the certificate's) at this load balancer."
  value       = "https://${aws_lb.main.dns_name}"
}

output "bucket" {
  description = "Upload generator sheets under egrid/ in this bucket."
  value       = aws_s3_bucket.data.bucket
}

output "database_endpoint" {
  description = "RDS PostgreSQL host:port."
  value       = aws_db_instance.main.endpoint
}

output "admin_password_secret" {
  description = "Secrets Manager secret holding the first administrator's password."
  value       = aws_secretsmanager_secret.app["GRIDLENS_ADMIN_PASSWORD"].arn
}

output "migrate_command" {
  description = "Run once per release, before the new API tasks roll out."
  value = join(" ", [
    "aws ecs run-task --launch-type FARGATE",
    "--cluster ${aws_ecs_cluster.main.name}",
    "--task-definition ${aws_ecs_task_definition.migrate.family}",
    "--network-configuration 'awsvpcConfiguration={subnets=[${join(",", var.private_subnet_ids)}],securityGroups=[${aws_security_group.tasks.id}]}'",
  ])
}

output "events_dead_letter_queue" {
  description = "S3 events the worker could not handle after 5 tries; look here when a file was not loaded."
  value       = aws_sqs_queue.events_dead_letter.url
}
