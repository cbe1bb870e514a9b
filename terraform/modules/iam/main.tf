# Least-privilege execution roles. Every action is what a call the functions make needs, by its
# operation AND parameters, per src/aws/iamActions.ts (from the Service Authorization Reference);
# test/terraform/iam.test.ts records the calls of a real run on the local emulators, maps them and
# compares the result with these documents, action by action and resource by resource.
# With use_lab_role (AWS Academy Learner Lab, which forbids creating roles) nothing here is
# created: every resource and policy document has count = var.use_lab_role ? 0 : 1.

# Learner Lab may deny iam:GetRole; then `ingest deploy` passes lab_role_arn (built from the
# caller identity) and the role is not read at all.
data "aws_iam_role" "lab" {
  count = var.use_lab_role && var.lab_role_arn == "" ? 1 : 0
  name  = var.lab_role_name
}

locals {
  lab_role_arn = var.lab_role_arn != "" ? var.lab_role_arn : one(data.aws_iam_role.lab[*].arn)
}

data "aws_iam_policy_document" "assume_lambda" {
  count = var.use_lab_role ? 0 : 1

  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

# --- processor: S3 event -> GetObject uploads/, PutObject processed/, PutItem --------------------
# A split upload (issue 15) adds: GetObject/PutObject on its parts, UpdateItem on the coordination
# table, and Invoke of the function itself, once per piece.

resource "aws_iam_role" "processor" {
  count = var.use_lab_role ? 0 : 1

  name               = "${var.name_prefix}-processor"
  assume_role_policy = data.aws_iam_policy_document.assume_lambda[0].json
}

data "aws_iam_policy_document" "processor" {
  count = var.use_lab_role ? 0 : 1

  # The bucket is versioned, so every S3 event carries a versionId and the handler passes it to
  # GetObject, which then needs s3:GetObjectVersion (not s3:GetObject, API_GetObject,
  # Permissions); an event without one reads the current version with s3:GetObject.
  statement {
    sid       = "ReadUploads"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${var.bucket_arn}/${var.upload_prefix}*"]
  }

  statement {
    sid       = "WriteSummaries"
    actions   = ["s3:PutObject"]
    resources = ["${var.bucket_arn}/${var.processed_prefix}*"]
  }

  statement {
    sid       = "WriteMetadata"
    actions   = ["dynamodb:PutItem"]
    resources = [var.table_arn]
  }

  # A split upload's plan and piece states: written by the pieces, read back (without a version
  # id: the parts are written once per key) by the pieces and the last one's merge.
  statement {
    sid       = "ReadWriteSplitParts"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${var.bucket_arn}/${var.parts_prefix}*"]
  }

  # Each piece adds itself to its split's set of pieces done (a conditional UpdateItem that also
  # returns the set); only on the coordination table, never on the users' items.
  statement {
    sid       = "CoordinatePieces"
    actions   = ["dynamodb:UpdateItem"]
    resources = [var.fanout_table_arn]
  }

  # The S3 event's invocation invokes the function itself once per piece (InvocationType Event).
  statement {
    sid       = "InvokeOwnPieces"
    actions   = ["lambda:InvokeFunction"]
    resources = [var.processor_function_arn]
  }

  statement {
    sid       = "SendToOnFailureDestination"
    actions   = ["sqs:SendMessage"]
    resources = [var.failures_queue_arn]
  }

  statement {
    sid       = "WriteLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${var.processor_log_group_arn}:*"]
  }
}

resource "aws_iam_role_policy" "processor" {
  count = var.use_lab_role ? 0 : 1

  name   = "${var.name_prefix}-processor"
  role   = aws_iam_role.processor[0].id
  policy = data.aws_iam_policy_document.processor[0].json
}

# --- failure handler: SQS on-failure records -> terminal error item ------------------------------

resource "aws_iam_role" "failure_handler" {
  count = var.use_lab_role ? 0 : 1

  name               = "${var.name_prefix}-failures"
  assume_role_policy = data.aws_iam_policy_document.assume_lambda[0].json
}

data "aws_iam_policy_document" "failure_handler" {
  count = var.use_lab_role ? 0 : 1

  statement {
    sid       = "ConsumeFailures"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
    resources = [var.failures_queue_arn]
  }

  statement {
    sid       = "WriteMetadata"
    actions   = ["dynamodb:PutItem"]
    resources = [var.table_arn]
  }

  statement {
    sid       = "WriteLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${var.failure_log_group_arn}:*"]
  }
}

resource "aws_iam_role_policy" "failure_handler" {
  count = var.use_lab_role ? 0 : 1

  name   = "${var.name_prefix}-failures"
  role   = aws_iam_role.failure_handler[0].id
  policy = data.aws_iam_policy_document.failure_handler[0].json
}
