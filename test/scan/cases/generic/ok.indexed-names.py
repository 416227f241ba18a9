import os

os.environ["DB_PASSWORD"] = os.environ.get("FALLBACK_PASSWORD", "")
assert settings['client_secret'] == 'test-client-secret'
os.environ["API_TOKEN"] = "<your token>"
provider.zone_ids[token] = "e74d0d15-f567-4b7b-9069-26ee1f93bae3"
provider.record_ids[token] = "«rnd alnum 32»"
