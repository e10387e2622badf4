<?php
// Site address follows the request's host, so the same install answers through the
// edge, through every host's port 80 and through the in-cluster lb alike.
$firedrill_secret = getenv('WORDPRESS_DB_PASSWORD_FILE') ?: '/run/secrets/db_password';
define('DB_NAME', getenv('WORDPRESS_DB_NAME') ?: 'wordpress');
define('DB_USER', getenv('WORDPRESS_DB_USER') ?: 'wordpress');
define('DB_PASSWORD', trim((string) @file_get_contents($firedrill_secret)));
define('DB_HOST', getenv('WORDPRESS_DB_HOST') ?: 'db');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
$table_prefix = 'wp_';
$firedrill_host = isset($_SERVER['HTTP_HOST']) ? $_SERVER['HTTP_HOST'] : 'localhost';
define('WP_HOME', 'http://' . $firedrill_host);
define('WP_SITEURL', 'http://' . $firedrill_host);
define('WP_CONTENT_DIR', '/var/lib/wordpress/wp-content');
define('AUTH_KEY', 'firedrill-lab'); define('SECURE_AUTH_KEY', 'firedrill-lab');
define('LOGGED_IN_KEY', 'firedrill-lab'); define('NONCE_KEY', 'firedrill-lab');
define('AUTH_SALT', 'firedrill-lab'); define('SECURE_AUTH_SALT', 'firedrill-lab');
define('LOGGED_IN_SALT', 'firedrill-lab'); define('NONCE_SALT', 'firedrill-lab');
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true);
