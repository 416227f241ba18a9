#!/bin/bash
# Upper-case names a deploy step replaces before the script runs (sed over the file): placeholders.
curl -s -XGET -u DOMAIN_ADMIN_UNAME:DOMAIN_ADMIN_PW 'https://DOMAIN_ENDPOINT'
curl -s -u ADMIN_USER:ADMIN_PASSWORD "https://DOMAIN_ENDPOINT/_cluster/health"
curl --user SERVICE_USER:SERVICE_API_TOKEN https://api.internal/v1/status
