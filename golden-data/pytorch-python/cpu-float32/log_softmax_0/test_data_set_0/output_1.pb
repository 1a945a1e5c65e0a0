	B
gradient_zJl«ªÖ¿UUÓ?UU?«ª*?UUÀ©ªª½UUË?«ªÐ¿VUÍ>r‘?Žã¶¿Žã‚¿9Ž›¾ä8?rG¾ŽãH>r±?9Ž“¾Ç£¿Ç›¿Èqd?Lã:Èqd?AŽ£=ÈqD?!ÇA>p§¾