BlossJK
£»Å"@