B
gradient_XJxR/A,æE\97Á#>CÃß`AvýQÂJ"A®¦Dä‘¢À<ˆ3ÀãH»?¶(¼Ã<‡nÀX#ÃrÌ5À“ô’B·X@d‡JÄ÷‚>ÛE²òÀT9C,CA|Á#C°‚AÓªJD½RFÀÆ—Â¼ìà¿Ú#›C