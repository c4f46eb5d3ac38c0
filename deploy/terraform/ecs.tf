# ECS on Fargate: the API and the web UI behind the load balancer, the worker on its own,
# and the migration as a task definition run once per release (the migrate_command output).
resource "aws_ecs_cluster" "main" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_cloudwatch_log_group" "main" {
  name              = "/ecs/${var.name}"
  retention_in_days = 30
}

locals {
  environment = [
    { name = "GRIDLENS_ENV", value = "production" },
    { name = "GRIDLENS_LOG_FORMAT", value = "json" },
    { name = "GRIDLENS_STORE_URL", value = "s3://${aws_s3_bucket.data.bucket}/egrid/" },
    { name = "GRIDLENS_WORKERS", value = "1" },
    { name = "GRIDLENS_WORKER_METRICS_PORT", value = "9101" },
    { name = "GRIDLENS_POLL_SECONDS", value = "900" },
    { name = "AWS_REGION", value = var.region },
    # Only the load balancer reaches the tasks; trust its X-Forwarded-For.
    { name = "FORWARDED_ALLOW_IPS", value = "*" },
  ]

  # New CSVs arrive as S3 events (events.tf); the poll stays as a slow safety net.
  worker_environment = [
    { name = "GRIDLENS_SQS_QUEUE_URL", value = aws_sqs_queue.events.url },
  ]

  secret_refs = [
    for key, secret in aws_secretsmanager_secret.app :
    { name = key, valueFrom = secret.arn } if key != "GRIDLENS_ADMIN_PASSWORD"
  ]
  admin_secret_ref = {
    name      = "GRIDLENS_ADMIN_PASSWORD"
    valueFrom = aws_secretsmanager_secret.app["GRIDLENS_ADMIN_PASSWORD"].arn
  }

  log_options = {
    "awslogs-group"  = aws_cloudwatch_log_group.main.name
    "awslogs-region" = var.region
  }

  backend = {
    api = {
      command = ["gridlens", "serve"]
      port    = 8000
      health  = "http://127.0.0.1:8000/healthz"
      cpu     = 512
      memory  = 1024
    }
    worker = {
      command = ["gridlens", "worker"]
      port    = 9101
      health  = "http://127.0.0.1:9101/healthz"
      cpu     = 512
      memory  = 2048
    }
  }
}

resource "aws_ecs_task_definition" "backend" {
  for_each                 = local.backend
  family                   = "${var.name}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = each.value.cpu
  memory                   = each.value.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = each.key == "worker" ? aws_iam_role.worker.arn : aws_iam_role.task.arn

  container_definitions = jsonencode([
    {
      name         = each.key
      image        = var.backend_image
      command      = each.value.command
      essential    = true
      environment  = each.key == "worker" ? concat(local.environment, local.worker_environment) : local.environment
      secrets      = local.secret_refs
      portMappings = [{ containerPort = each.value.port }]
      healthCheck = {
        command     = ["CMD", "python", "-c", "import urllib.request; urllib.request.urlopen('${each.value.health}', timeout=4)"]
        interval    = 15
        timeout     = 5
        retries     = 3
        startPeriod = 30
      }
      logConfiguration = {
        logDriver = "awslogs"
        options   = merge(local.log_options, { "awslogs-stream-prefix" = each.key })
      }
    }
  ])
}

resource "aws_ecs_task_definition" "migrate" {
  family                   = "${var.name}-migrate"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  container_definitions = jsonencode([
    {
      name        = "migrate"
      image       = var.backend_image
      command     = ["sh", "-c", "gridlens db upgrade && gridlens users bootstrap-admin"]
      essential   = true
      environment = concat(local.environment, [{ name = "GRIDLENS_ADMIN_USER", value = var.admin_user }])
      secrets     = concat(local.secret_refs, [local.admin_secret_ref])
      logConfiguration = {
        logDriver = "awslogs"
        options   = merge(local.log_options, { "awslogs-stream-prefix" = "migrate" })
      }
    }
  ])
}

resource "aws_ecs_task_definition" "web" {
  family                   = "${var.name}-web"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.execution.arn

  container_definitions = jsonencode([
    {
      name         = "web"
      image        = var.web_image
      essential    = true
      portMappings = [{ containerPort = 8080 }]
      # The load balancer sends the API's paths to the API tasks (alb.tf): this proxy stays idle.
      environment = [{ name = "GRIDLENS_API_UPSTREAM", value = "127.0.0.1:8000" }]
      logConfiguration = {
        logDriver = "awslogs"
        options   = merge(local.log_options, { "awslogs-stream-prefix" = "web" })
      }
    }
  ])
}

resource "aws_ecs_service" "api" {
  name            = "${var.name}-api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.backend["api"].arn
  desired_count   = var.api_min_count
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = var.private_subnet_ids
    security_groups = [aws_security_group.tasks.id]
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.api.arn
    container_name   = "api"
    container_port   = 8000
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  # Autoscaling owns the count once the service exists.
  lifecycle {
    ignore_changes = [desired_count]
  }

  depends_on = [aws_lb_listener_rule.api]
}

resource "aws_ecs_service" "worker" {
  name            = "${var.name}-worker"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.backend["worker"].arn
  desired_count   = var.worker_count
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = var.private_subnet_ids
    security_groups = [aws_security_group.tasks.id]
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
}

resource "aws_ecs_service" "web" {
  name            = "${var.name}-web"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.web.arn
  desired_count   = 2
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = var.private_subnet_ids
    security_groups = [aws_security_group.tasks.id]
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.web.arn
    container_name   = "web"
    container_port   = 8080
  }

  depends_on = [aws_lb_listener.https]
}

# The API's counterpart of Kubernetes' HorizontalPodAutoscaler: CPU near 70 %.
resource "aws_appautoscaling_target" "api" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.api.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.api_min_count
  max_capacity       = var.api_max_count
}

resource "aws_appautoscaling_policy" "api_cpu" {
  name               = "${var.name}-api-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.api.service_namespace
  resource_id        = aws_appautoscaling_target.api.resource_id
  scalable_dimension = aws_appautoscaling_target.api.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = 70
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
