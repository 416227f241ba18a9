# A credential word inside an environment-style name, one more word after it.
VERY_SECRET_TOO = '«rnd alnum 32»'
SUPER_SECRET_VALUES = '«rnd hex 32»', '«rnd hex 32»'
