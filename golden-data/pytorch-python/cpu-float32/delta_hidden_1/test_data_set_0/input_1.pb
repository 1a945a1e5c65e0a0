
B
delta_nextJxtº¾yR®¾KdÏ?fNö>BåØ?µmå<ç=º?áxE?£öE?—Ó¾H?#”f>³ïE¾Çþ>mk¾?JÓÐ¿GL"¿ ?=¿á~¿/ú¿NžÔ½ö>ÀDUX¾ñÓ¾I[t?Fê ¿êš?¿S`Q¿9û¸>¾5À