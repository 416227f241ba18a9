# `terraform fmt` aligns the equals signs of a block.
resource "example_user" "app" {
  name                     = "app"
  password                 = "«rnd alnum 24»"
}
