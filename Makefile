# Thin wrappers over the npm scripts and the `ingest` CLI. `make help` lists the targets.
# Every target checks its preconditions first (check-* targets) and says what to do if one fails.

SHELL := /bin/bash
.DEFAULT_GOAL := help

INGEST         ?= npx ingest
COMPOSE        ?= docker compose
LOCALSTACK_URL ?= http://localhost:4566
RESULTS_DIR    ?= results
# AUTO_APPROVE=1 skips Terraform's confirmation on AWS (LocalStack never asks).
AUTO_APPROVE   ?=
APPROVE_FLAG   := $(if $(AUTO_APPROVE),--auto-approve,)

# LocalStack targets ignore the user's AWS profile and credentials and use LocalStack's test ones.
LOCALSTACK_ENV := env -u AWS_PROFILE -u AWS_DEFAULT_PROFILE -u AWS_SESSION_TOKEN \
	-u AWS_ENDPOINT_URL -u AWS_ENDPOINT_URL_S3 -u AWS_ENDPOINT_URL_DYNAMODB \
	AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
	AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 \
	AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null

.PHONY: help local test bench \
	localstack-up localstack-down deploy-localstack deploy-aws \
	test-localstack test-aws metrics-localstack metrics-aws \
	experiments-localstack experiments-aws experiments-aws-safe compare-experiments \
	clean-localstack clean-aws \
	check-node check-docker check-terraform check-localstack check-aws check-results

help: ## List the targets
	@echo "Usage: make <target>"
	@awk 'BEGIN { FS = ":.*## " } /^[a-z0-9-]+:.*## / { printf "  %-24s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

# --- local target (no Docker, no AWS) ---------------------------------------------------------

local: check-node ## Run the pipeline embedded with npm emulators (npm start)
	npm start

test: check-node ## Type-check, lint and run all tests (npm test)
	npm test

bench: check-node ## Run the profiler benchmarks (npm run bench)
	npm run bench

# --- LocalStack -------------------------------------------------------------------------------

localstack-up: check-docker ## Start LocalStack in Docker and wait until it is healthy
	$(COMPOSE) up --detach --wait localstack

localstack-down: check-docker ## Stop LocalStack and remove its container
	$(COMPOSE) down --remove-orphans

deploy-localstack: check-node check-terraform check-localstack ## Build and deploy the stack to LocalStack
	$(LOCALSTACK_ENV) $(INGEST) deploy --env localstack --auto-approve

test-localstack: check-node check-localstack ## Upload test files to LocalStack and check the results
	$(LOCALSTACK_ENV) $(INGEST) test --env localstack

metrics-localstack: check-node check-localstack ## Show the pipeline metrics from LocalStack
	$(LOCALSTACK_ENV) $(INGEST) metrics --env localstack

experiments-localstack: check-node check-localstack ## Run the experiment suite on LocalStack
	@mkdir -p $(RESULTS_DIR)
	$(LOCALSTACK_ENV) $(INGEST) experiments run --env localstack --out $(RESULTS_DIR)/localstack.json

clean-localstack: check-node check-terraform check-localstack ## Destroy the LocalStack stack
	$(LOCALSTACK_ENV) $(INGEST) destroy --env localstack --auto-approve

# --- AWS (incl. AWS Academy Learner Lab) --------------------------------------------------------

deploy-aws: check-node check-terraform check-aws ## Build and deploy to AWS (uses LabRole on Learner Lab)
	$(INGEST) deploy --env aws $(APPROVE_FLAG)

test-aws: check-node check-aws ## Upload test files to AWS and check the results
	$(INGEST) test --env aws

metrics-aws: check-node check-aws ## Show the pipeline metrics from CloudWatch
	$(INGEST) metrics --env aws

experiments-aws: check-node check-aws ## Run the full experiment suite on AWS (costs a little)
	@mkdir -p $(RESULTS_DIR)
	$(INGEST) experiments run --env aws --out $(RESULTS_DIR)/aws.json

experiments-aws-safe: check-node check-aws ## Run the small, cheap experiment subset on AWS
	@mkdir -p $(RESULTS_DIR)
	$(INGEST) experiments run --env aws --safe --out $(RESULTS_DIR)/aws.json

clean-aws: check-node check-terraform check-aws ## Empty the bucket and destroy the AWS stack
	$(INGEST) destroy --env aws $(APPROVE_FLAG)

# --- all targets ------------------------------------------------------------------------------

compare-experiments: check-node check-results ## Compare experiment results into Markdown and HTML reports
	$(INGEST) experiments compare $(RESULTS_DIR)/*.json --md $(RESULTS_DIR)/report.md --html $(RESULTS_DIR)/report.html

# --- preconditions ----------------------------------------------------------------------------

check-node:
	@command -v npx >/dev/null 2>&1 || { echo "npx not found: install Node.js >= 22.12, then run: npm ci" >&2; exit 1; }
	@test -d node_modules || { echo "node_modules is missing: run: npm ci" >&2; exit 1; }

check-docker:
	@command -v docker >/dev/null 2>&1 || { echo "docker not found: install Docker Desktop or Docker Engine with the compose plugin" >&2; exit 1; }
	@docker info >/dev/null 2>&1 || { echo "Docker is not running: start Docker Desktop (or: sudo systemctl start docker) and retry" >&2; exit 1; }

check-terraform:
	@command -v terraform >/dev/null 2>&1 || { echo "terraform not found: install Terraform >= 1.5 (https://developer.hashicorp.com/terraform/install)" >&2; exit 1; }

check-localstack:
	@command -v curl >/dev/null 2>&1 || { echo "curl not found: install curl to check LocalStack's health" >&2; exit 1; }
	@curl -fsS --max-time 5 $(LOCALSTACK_URL)/_localstack/health >/dev/null 2>&1 || { echo "LocalStack is not answering at $(LOCALSTACK_URL): run: make localstack-up" >&2; exit 1; }

check-aws:
	@command -v aws >/dev/null 2>&1 || { echo "aws CLI not found: install AWS CLI v2 to check credentials (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)" >&2; exit 1; }
	@out=$$(aws sts get-caller-identity --output json 2>&1) || { \
		if echo "$$out" | grep -qiE 'expired'; then \
			echo "AWS credentials have expired: refresh them (Learner Lab: Start Lab, then copy 'AWS Details > AWS CLI' into ~/.aws/credentials)" >&2; \
		else \
			echo "No valid AWS credentials: run 'aws configure', set AWS_PROFILE, or paste Learner Lab credentials into ~/.aws/credentials" >&2; \
			echo "$$out" >&2; \
		fi; exit 1; }

check-results:
	@ls $(RESULTS_DIR)/*.json >/dev/null 2>&1 || { echo "No results in $(RESULTS_DIR)/: run make experiments-localstack or make experiments-aws-safe first" >&2; exit 1; }
