B
gradient_wJ“†]ÝZ¥@