
Bgradient_logitsJ(*f6<uÞ#½—7¬n"=4i=š™é¼v³í<¬ÔI=·F£»ˆi6