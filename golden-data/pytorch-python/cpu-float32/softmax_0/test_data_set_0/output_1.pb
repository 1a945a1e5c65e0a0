B
gradient_zJ^.>ö¡1¾ñrÊ=NÁK=e}è¼ûÐˆ¾ÂË>