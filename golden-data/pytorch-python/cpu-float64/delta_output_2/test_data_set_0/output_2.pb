B
gradient_zJ`ÌWt™MÕà?Ô–ÔÈuÀ?¯AG ­œ?½Ïü]ªÓ¿Æ* ø_p?Cx˜1êp‡¿:±J.œb¿M[sbãnÕ?fÁÆk¾Þ?^YÈú‹€È¿ËèäQËîè?M¬Ž¥ypÔ?