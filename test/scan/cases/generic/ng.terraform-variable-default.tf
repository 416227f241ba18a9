variable "db_password" {
  description = "Password of the application's database user"
  type        = string
  default     = "«rnd alnum+upper 20»"
  sensitive   = true
}

