BprobabilitiesJP"¤ç°r=Üï^-!y=rpÿÿÿÿï?È(cŞ§•k=[Ìn%}Tl=xq)—ü¾?™!—å`ÊÃ?´ÕÍ
2´?kÕË·Ä?°üFKFß?