variable "name" {
  description = "Prefix of every resource's name."
  type        = string
  default     = "gridlens"
}

variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "us-east-1"
}

variable "vpc_id" {
  description = "VPC to run in; bring your own (one with public and private subnets)."
  type        = string
}

variable "public_subnet_ids" {
  description = "Subnets of the load balancer (two or more availability zones)."
  type        = list(string)
}

variable "private_subnet_ids" {
  description = "Subnets of the tasks and the database, with a NAT route for image pulls."
  type        = list(string)
}

variable "certificate_arn" {
  description = "ACM certificate of the public host name, for HTTPS on the load balancer."
  type        = string
}

variable "backend_image" {
  description = "The backend image (Dockerfile): API, worker and migration."
  type        = string
}

variable "web_image" {
  description = "The web image (docker/web.Dockerfile)."
  type        = string
}

variable "api_min_count" {
  description = "API tasks at least; autoscaling adds more on CPU."
  type        = number
  default     = 2
}

variable "api_max_count" {
  description = "API tasks at most."
  type        = number
  default     = 10
}

variable "worker_count" {
  description = "Ingestion worker tasks."
  type        = number
  default     = 1
}

variable "db_instance_class" {
  description = "RDS instance class of PostgreSQL."
  type        = string
  default     = "db.t4g.small"
}

variable "db_allocated_storage_gb" {
  description = "RDS storage in GB; it grows on its own up to four times this."
  type        = number
  default     = 20
}

variable "db_multi_az" {
  description = "A standby database in a second availability zone."
  type        = bool
  default     = true
}

variable "admin_user" {
  description = "The first gridlens administrator, created by the migration task."
  type        = string
  default     = "admin"
}
