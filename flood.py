import socket, time, sys
socks=[]
for i in range(100):
    try:
        s=socket.create_connection(("127.0.0.1",19180)); socks.append(s)
    except Exception as e: print("connect fail", i, e); break
print("opened", len(socks)); sys.stdout.flush()
time.sleep(4)
