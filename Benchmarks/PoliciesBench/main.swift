import Policies
print("policies benchmark: not written yet")
