# codenode: voxwork
def run():
    return [True]
