# Event-driven ingestion: S3 sends each new CSV under egrid/ to an SQS queue; the worker
# (GRIDLENS_SQS_QUEUE_URL) queues its run and only then deletes the message. A message that
# keeps failing moves to the dead-letter queue after max_receive_count tries.
data "aws_caller_identity" "current" {}

resource "aws_sqs_queue" "events_dead_letter" {
  name                      = "${var.name}-events-dlq"
  message_retention_seconds = 1209600 # 14 days, SQS's most: time to look at what failed
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "events" {
  name                       = "${var.name}-events"
  visibility_timeout_seconds = 300 # a worker hashes the file before it records the run
  receive_wait_time_seconds  = 20
  message_retention_seconds  = 345600
  sqs_managed_sse_enabled    = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.events_dead_letter.arn
    maxReceiveCount     = 5
  })
}

resource "aws_sqs_queue_redrive_allow_policy" "events_dead_letter" {
  queue_url = aws_sqs_queue.events_dead_letter.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.events.arn]
  })
}

# Only this account's data bucket may send to the queue.
data "aws_iam_policy_document" "bucket_sends_events" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.events.arn]
    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_s3_bucket.data.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sqs_queue_policy" "events" {
  queue_url = aws_sqs_queue.events.id
  policy    = data.aws_iam_policy_document.bucket_sends_events.json
}

resource "aws_s3_bucket_notification" "data" {
  bucket = aws_s3_bucket.data.id

  queue {
    queue_arn     = aws_sqs_queue.events.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = "egrid/"
    filter_suffix = ".csv"
  }

  # S3 checks that it may send when the notification is created.
  depends_on = [aws_sqs_queue_policy.events]
}

# The worker's own role: the bucket, as the API has, and receiving from and deleting on the queue.
resource "aws_iam_role" "worker" {
  name_prefix        = "${var.name}-worker-"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy" "worker_bucket" {
  role   = aws_iam_role.worker.id
  policy = data.aws_iam_policy_document.bucket.json
}

data "aws_iam_policy_document" "consume_events" {
  statement {
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
    ]
    resources = [aws_sqs_queue.events.arn]
  }
}

resource "aws_iam_role_policy" "worker_events" {
  role   = aws_iam_role.worker.id
  policy = data.aws_iam_policy_document.consume_events.json
}
