B
predictionJ(Ìxé$,"@Rˆ=°¦@ØêÆPü#@’€¾Rî÷B>xr—ÐC@