B
predictionJÓnÀùD}´°@ÉÒÀcÀ±Àf®„ÀOÖóÀ