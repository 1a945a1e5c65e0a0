BlossJJ
£»Å"@