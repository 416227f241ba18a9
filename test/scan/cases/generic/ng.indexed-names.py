import os

os.environ["DB_PASSWORD"] = "«rnd alnum+upper 20»"
settings['client_secret'] = '«rnd alnum 40»'
