	BpJHxÿat=®ëþÿÿÿï?rÙ#C=y=q
\\Òi=Ae‰pYo=xÈ›<8h=6hÖÌQl=ñ:¾µd	n=’ª†¾faw=