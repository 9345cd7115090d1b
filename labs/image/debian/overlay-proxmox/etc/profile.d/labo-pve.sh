# Proxmox lab: pct, pveam, pvesm, vzdump, qm and ifreload are in /usr/local/sbin.
# On a real host they are in /usr/sbin and you are root, whose PATH has the
# sbin folders; the learner « eleve » gets them too (the tools call sudo).
case ":$PATH:" in
*:/usr/local/sbin:*) ;;
*) PATH="/usr/local/sbin:/usr/sbin:/sbin:$PATH" ;;
esac
export PATH
