INSERT INTO public.server_configs VALUES ('jwt-secret', 'changeme');
INSERT INTO public.users VALUES ('token_name', 'deploy-bot');
INSERT INTO public.server_configs VALUES ('jwt-secret-ttl', '«rnd alnum 20»');
