"""What runs when nobody is there: the attract loop and the 'still there?' countdown."""
