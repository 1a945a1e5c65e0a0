BlossJ?¯
BRba@