B
gradient_qJN±_Ïêğ?¯:¼au@