Bdelta1JA‹
;¶””∫