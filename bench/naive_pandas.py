"""The naive baseline: pandas reads the CSV from S3 and writes it out with to_sql, as is.

`python -m bench.naive_pandas DATABASE_URL BUCKET KEY`; no cleaning, no checks, no aggregate.
"""

from __future__ import annotations

import io
import sys

import boto3
import pandas as pd
from sqlalchemy import create_engine

TABLE = "naive_pandas"


def main() -> None:
    database_url, bucket, key = sys.argv[1:4]
    body = boto3.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()
    frame = pd.read_csv(io.BytesIO(body), skiprows=[0], low_memory=False)  # row 0: descriptions
    engine = create_engine(database_url)
    frame.to_sql(TABLE, engine, if_exists="replace", index=False)
    engine.dispose()
    print(f"{len(frame)} rows")


if __name__ == "__main__":
    main()
