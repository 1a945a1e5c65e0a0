B
gradient_XJÃHp@Bù5À)lœÀE*@_·2@®ºÀ