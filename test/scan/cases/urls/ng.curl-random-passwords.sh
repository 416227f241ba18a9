#!/bin/bash
# A real password after the user; upper case and digits at random are no name.
curl -s -u admin:«rnd alnum 20» 'https://search.internal:9200'
curl -s -u DOMAIN_ADMIN:«rnd upper+digits 16» 'https://search.internal:9200'
