FROM postgres:16
ENV POSTGRES_USER app
ENV POSTGRES_PASSWORD «rnd alnum+upper 20»
ENV API_TOKEN="«rnd alnum 32»"
