print("buurt")
