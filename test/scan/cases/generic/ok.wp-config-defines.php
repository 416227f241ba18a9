<?php
define( 'DB_PASSWORD', 'password_here' );
define( 'AUTH_KEY', 'put your unique phrase here' );
define( 'SECURE_AUTH_KEY', getenv('SECURE_AUTH_KEY') );
if ($_ENV['API_TOKEN'] == 'expected-token-value') {}
