"""Validates what the running server serves: the OpenAPI document as OpenAPI 3.1 and /metrics as
Prometheus text. Exits non-zero with the reason on the first failure."""
import sys

import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.versions import consts, get_spec_version
from prometheus_client.parser import text_string_to_metric_families

spec_path, metrics_path = sys.argv[1], sys.argv[2]
with open(spec_path, encoding="utf-8") as handle:
    spec = yaml.safe_load(handle)
version = get_spec_version(spec)
if version != consts.OPENAPIV31:
    sys.exit(f"{spec_path}: expected OpenAPI 3.1, found {version}")
validate(spec)
print(f"validate: {spec_path} is valid OpenAPI 3.1 ({len(spec['paths'])} paths)")

with open(metrics_path, encoding="utf-8") as handle:
    families = list(text_string_to_metric_families(handle.read()))
names = {family.name for family in families}
for required in ("patron_http_requests", "patron_http_request_duration_seconds"):
    if required not in names:
        sys.exit(f"{metrics_path}: metric family {required} missing (found {sorted(names)})")
samples = sum(len(family.samples) for family in families)
print(f"validate: /metrics parsed by prometheus_client: {len(families)} families, {samples} samples")
