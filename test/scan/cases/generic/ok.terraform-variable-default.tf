variable "db_password" {
  description = "Password of the application's database user"
  type        = string
  sensitive   = true
}

variable "admin_password" {
  type    = string
  default = "changeme"
}

variable "token_ttl" {
  default = "24h"
}

variable "secret_name" {
  default = "app-credentials"
}

variable "region" {
  default = "«rnd alnum 20»"
}
