"""EPA's published eGRID workbook: download it and turn its generator sheet into CSV."""
