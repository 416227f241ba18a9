<?php
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'wp' );
define( 'DB_PASSWORD', '«rnd alnum+upper 24»' );
define('AUTH_KEY', '«rnd alnum+upper 48»');
$_ENV['API_TOKEN'] = '«rnd alnum 32»';
