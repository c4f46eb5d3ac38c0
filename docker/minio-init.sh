#!/bin/sh
# minio-init (docker-compose.yml): the gridlens bucket, an S3 user allowed only that bucket, its
# new CSVs' events sent to the API, and every CSV found in /seed uploaded under egrid/. Runs in
# the minio/mc image; safe to run again.
set -eu

bucket="${GRIDLENS_BUCKET:?set GRIDLENS_BUCKET in .env}"
user="${GRIDLENS_S3_ACCESS_KEY:?set GRIDLENS_S3_ACCESS_KEY in .env}"
secret="${GRIDLENS_S3_SECRET_KEY:?set GRIDLENS_S3_SECRET_KEY in .env}"
policy_name=gridlens-bucket-rw
policy_file=/tmp/gridlens-policy.json

mc alias set local http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null
mc mb --ignore-existing "local/$bucket"

printf '%s\n' '{' \
  '  "Version": "2012-10-17",' \
  '  "Statement": [' \
  "    {\"Effect\": \"Allow\", \"Action\": [\"s3:GetBucketLocation\", \"s3:ListBucket\"], \"Resource\": [\"arn:aws:s3:::$bucket\"]}," \
  "    {\"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"s3:PutObject\", \"s3:DeleteObject\"], \"Resource\": [\"arn:aws:s3:::$bucket/*\"]}" \
  '  ]' \
  '}' >"$policy_file"
mc admin policy create local "$policy_name" "$policy_file"
mc admin user add local "$user" "$secret"
case "$(mc admin user info local "$user")" in
  *"$policy_name"*) ;;
  *) mc admin policy attach local "$policy_name" --user "$user" ;;
esac

# Each new CSV under egrid/ is posted to the API (MINIO_NOTIFY_WEBHOOK_*_GRIDLENS), which queues
# its ingestion at once; the worker's poll is only the safety net.
case "$(mc event ls "local/$bucket" arn:minio:sqs::GRIDLENS:webhook)" in
  *egrid/*) ;;
  *) mc event add "local/$bucket" arn:minio:sqs::GRIDLENS:webhook --event put \
       --prefix egrid/ --suffix .csv ;;
esac

uploaded=0
for file in /seed/*.csv; do
  [ -f "$file" ] || continue
  mc cp "$file" "local/$bucket/egrid/${file##*/}"
  uploaded=$((uploaded + 1))
done
echo "minio-init: bucket $bucket ready for $user; $uploaded CSV file(s) uploaded to egrid/"
