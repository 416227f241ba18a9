-- A key/value table in a test database dump.
INSERT INTO public.server_configs VALUES ('jwt-secret', '«rnd b32 52»====');
insert into settings values ("api_token", "«rnd alnum 40»");
