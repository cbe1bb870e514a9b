resource "aws_dynamodb_table" "this" {
  name         = var.table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = var.hash_key

  attribute {
    name = var.hash_key
    type = "S"
  }

  # No server_side_encryption block: DynamoDB encrypts every table at rest with an AWS owned key
  # by default, free and without KMS. `enabled = true` would switch to the AWS managed KMS key
  # (KMS requests billed), and LocalStack 4.14's CreateTable then calls KMS internally
  # (dynamodb/provider.py, SSEUtils.get_sse_kms_managed_key) after the table exists: with kms
  # not in SERVICES the apply fails and every later one hits ResourceInUseException.
  point_in_time_recovery {
    enabled = var.point_in_time_recovery
  }

  deletion_protection_enabled = var.deletion_protection

  # Items carrying this attribute (epoch seconds) are deleted once it passes: the coordination
  # items of split uploads. The metadata table sets none.
  dynamic "ttl" {
    for_each = var.ttl_attribute == "" ? [] : [var.ttl_attribute]
    content {
      attribute_name = ttl.value
      enabled        = true
    }
  }
}
