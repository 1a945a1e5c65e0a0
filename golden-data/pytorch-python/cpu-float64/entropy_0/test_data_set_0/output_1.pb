B
gradient_pJ$ùµL¢ğÕ?üÓÛO¢ğÕ?