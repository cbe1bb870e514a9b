data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "this" {
  bucket        = var.bucket_name
  force_destroy = var.force_destroy
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  # A split upload's parts (plan and piece states) matter only until its last piece has merged
  # them, seconds later: they expire after a day (lifecycle rules count days), and the
  # noncurrent versions expiry leaves behind in this versioned bucket a day after.
  rule {
    id     = "expire-split-parts"
    status = "Enabled"

    filter {
      prefix = var.parts_prefix
    }

    expiration {
      days = var.parts_expiration_days
    }

    noncurrent_version_expiration {
      noncurrent_days = var.parts_expiration_days
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

data "aws_iam_policy_document" "tls_only" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.this.arn,
      "${aws_s3_bucket.this.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.tls_only.json

  depends_on = [aws_s3_bucket_public_access_block.this]
}

# S3 may invoke the processor, only for this bucket in this account.
resource "aws_lambda_permission" "s3_invoke" {
  statement_id   = "AllowS3Invoke"
  action         = "lambda:InvokeFunction"
  function_name  = var.notification_function_name
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.this.arn
  source_account = data.aws_caller_identity.current.account_id
}

# One configuration per suffix, all under the upload prefix: the summaries written under the
# processed prefix never match, so the processor cannot trigger itself. S3 compares suffixes
# case-sensitively, so the list holds `.csv` and `.CSV` (src/aws/keyRules.json).
resource "aws_s3_bucket_notification" "this" {
  bucket = aws_s3_bucket.this.id

  dynamic "lambda_function" {
    for_each = toset(var.csv_suffixes)
    content {
      # process-csv, process-csv-uppercase, ...: unique even if ids were compared ignoring case.
      id                  = "process${replace(lower(lambda_function.value), ".", "-")}${lambda_function.value == lower(lambda_function.value) ? "" : "-uppercase"}"
      lambda_function_arn = var.notification_function_arn
      events              = ["s3:ObjectCreated:*"]
      filter_prefix       = var.upload_prefix
      filter_suffix       = lambda_function.value
    }
  }

  # AWS validates the configuration by checking that S3 may invoke the function.
  depends_on = [aws_lambda_permission.s3_invoke]
}
