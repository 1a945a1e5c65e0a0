Bgradient_predictionJ`ÀP S)¹1ÀÌwÊ–fÃ9@ñˆ?²z-ÀÆyŸL8Ïå¿,°Ÿ ˜î?­Fröé‘“À
'ÏõV•À$E‘“Wí?)	ÜX9BÀˆ.ÑÖ«ğ4ÀÊëØ¥À°[z£@